#pragma once
// The files of the cert store (certfs, `storage` partition) the app reads and writes.
namespace fw::app {

constexpr const char* kDeviceCertFile = "device.crt";         // the device's certificate (+ intermediates)
constexpr const char* kDeviceKeyFile = "device.key";          // its key: sealed (made on the chip) or PEM
constexpr const char* kServerChainFile = "server_chain.pem";  // CA(s) the broker must chain to
// The fleet's shared claim identity, used only to enroll (ask for a device certificate).
constexpr const char* kClaimCertFile = "claim.crt";
constexpr const char* kClaimKeyFile = "claim.key";

}  // namespace fw::app
