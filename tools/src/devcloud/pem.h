#pragma once
// Certificate text as the platforms carry it: PEM, or (ThingsBoard's "hash") just the base64 of
// the DER without the BEGIN/END lines.
#include <cstddef>
#include <string>

namespace devcloud {

// One certificate's DER as PEM, 64 columns, with a final newline.
std::string der_to_pem(const unsigned char* der, size_t len);

// `text` if it is PEM already; a base64 DER body (line breaks allowed) made into PEM; anything
// else unchanged (it then fails to parse where it is checked).
std::string certificate_pem(const std::string& text);

}  // namespace devcloud
