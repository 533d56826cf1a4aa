// Fuzz target: FrameDecoder on arbitrary bytes fed in arbitrary chunks, with the bound of a
// run without vector clocks or of one with 1 to 64 machines (vector messages). Every frame
// it returns must re-encode to exactly the bytes it came from, stay within its bound, and an
// incomplete frame is all it may hold between calls.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "logical_clock/wire/frame.h"
#include "require.h"

namespace {

std::string encode(const lc::Frame& f) {
  std::string out;
  if (f.type == lc::FrameType::kHello) lc::encode_hello(f.hello, &out);
  else if (f.type == lc::FrameType::kMessage) lc::encode_message(f.message, &out);
  else if (f.type == lc::FrameType::kVectorMessage) lc::encode_vector_message(f.message, f.vclock, &out);
  else lc::encode_bye(&out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t chunk = data[0] % 32 + 1;  // the first byte picks how the stream is split
  // The second picks the bound: 0 a run without vector clocks, else a vector run of that many.
  const size_t machines = data[1] % 65;
  const size_t bound = machines == 0 ? lc::kMaxPayload : lc::vector_payload(machines);
  const char* bytes = reinterpret_cast<const char*>(data + 2);
  const size_t len = size - 2;
  lc::FrameDecoder decoder(bound);
  size_t fed = 0, consumed = 0;
  bool failed = false;
  while (fed < len && !failed) {
    const size_t n = len - fed < chunk ? len - fed : chunk;
    decoder.append(bytes + fed, n);
    fed += n;
    lc::Frame frame;
    for (;;) {
      const lc::FrameDecoder::Result r = decoder.next(&frame);
      if (r == lc::FrameDecoder::Result::kError) {
        require(!decoder.error().empty());
        require(decoder.next(&frame) == lc::FrameDecoder::Result::kError);  // stays failed
        failed = true;
        break;
      }
      if (r == lc::FrameDecoder::Result::kNeedMore) {
        require(decoder.buffered() < lc::kFrameHeaderSize + bound);
        require(decoder.buffered() == fed - consumed);
        break;
      }
      const std::string again = encode(frame);
      require(again.size() <= lc::kFrameHeaderSize + bound);
      require(consumed + again.size() <= fed);
      require(std::memcmp(again.data(), bytes + consumed, again.size()) == 0);
      consumed += again.size();
    }
  }
  return 0;
}
