// Fuzz target: ControlDecoder on arbitrary bytes fed in arbitrary chunks. Every frame it returns
// must re-encode to exactly the bytes it came from, within the protocol's bound; an incomplete
// frame is all it may hold between calls, and a refusal is for good.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "logical_clock/wire/control.h"
#include "require.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t chunk = data[0] % 64 + 1;  // the first byte picks how the stream is split
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const size_t len = size - 1;
  lc::ControlDecoder decoder;
  size_t fed = 0, consumed = 0;
  bool failed = false;
  while (fed < len && !failed) {
    const size_t n = len - fed < chunk ? len - fed : chunk;
    decoder.append(bytes + fed, n);
    fed += n;
    lc::ControlFrame frame;
    for (;;) {
      const lc::ControlDecoder::Result r = decoder.next(&frame);
      if (r == lc::ControlDecoder::Result::kError) {
        require(!decoder.error().empty());
        require(decoder.next(&frame) == lc::ControlDecoder::Result::kError);
        failed = true;
        break;
      }
      if (r == lc::ControlDecoder::Result::kNeedMore) {
        require(decoder.buffered() < lc::kControlHeaderSize + lc::kMaxControlPayload);
        require(decoder.buffered() == fed - consumed);
        break;
      }
      std::string again;
      require(lc::encode_control(frame, &again));
      require(again.size() <= lc::kControlHeaderSize + lc::kMaxControlPayload);
      require(consumed + again.size() <= fed);
      require(std::memcmp(again.data(), bytes + consumed, again.size()) == 0);
      consumed += again.size();
    }
  }
  return 0;
}
