#pragma once
// The firmware's entry point. The backend's start-up code brings the chip up and calls it once,
// like ESP-IDF's app_main(). Returning ends the program (the chip powers down).
#include "hal/hal.h"

int app_main(const hal::Hal& hal);
