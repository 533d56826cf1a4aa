// Cluster files: what a good one means (addresses, ports, the key's path, machines in any
// order), and every line refused with its number and what is wrong.
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "check.h"
#include "logical_clock/cluster/cluster_file.h"

namespace {

lc::ClusterFile parse_ok(const std::string& text, const std::string& dir = "/etc/lc") {
  lc::ClusterFile f;
  const lc::Status s = lc::ClusterFile::parse(text, dir, "c.txt", &f);
  if (!s.is_ok()) CHECK_EQ(s.message(), std::string("(parsed)"));
  return f;
}

void expect_refused(const std::string& text, const std::string& message) {
  lc::ClusterFile f;
  const lc::Status s = lc::ClusterFile::parse(text, "/etc/lc", "c.txt", &f);
  CHECK(!s.is_ok());
  CHECK_EQ(s.message(), message);
}

const char* const kGood =
    "# three hosts\n"
    "coordinator 198.18.0.1:7000\n"
    "key cluster.key   # beside this file\n"
    "\n"
    "2 [fd00::3]:7002\n"
    "0 198.18.0.2:7001\n"
    "\t1   198.18.0.2:7002\r\n";

void test_good_file() {
  const lc::ClusterFile f = parse_ok(kGood);
  CHECK_EQ(f.coordinator.text, std::string("198.18.0.1:7000"));
  CHECK_EQ(f.coordinator.family, AF_INET);
  CHECK_EQ(f.coordinator.port, uint16_t{7000});
  CHECK_EQ(f.coordinator.v4.s_addr, htonl(0xc6120001));
  CHECK_EQ(f.key_path, std::string("/etc/lc/cluster.key"));
  CHECK_EQ(f.machines.size(), size_t{3});
  if (f.machines.size() == 3) {
    CHECK_EQ(f.machines[0].text, std::string("198.18.0.2:7001"));
    CHECK_EQ(f.machines[1].port, uint16_t{7002});
    CHECK_EQ(f.machines[2].family, AF_INET6);
    CHECK_EQ(f.machines[2].v6.s6_addr[0], uint8_t{0xfd});
    CHECK_EQ(f.machines[2].v6.s6_addr[15], uint8_t{3});
  }
  CHECK_EQ(parse_ok("coordinator 10.0.0.1:1\nkey /k\n0 10.0.0.2:65535\n1 10.0.0.2:2\n").key_path, std::string("/k"));
  CHECK_EQ(parse_ok("coordinator 10.0.0.1:1\nkey k\n0 10.0.0.2:3\n1 10.0.0.2:2", "").key_path, std::string("k"));
  CHECK_EQ(parse_ok("coordinator 10.0.0.1:1\nkey k\n0 10.0.0.2:3\n1 10.0.0.2:2", "/").key_path, std::string("/k"));
}

void test_refused_lines() {
  const std::string head = "coordinator 198.18.0.1:7000\nkey k\n";
  expect_refused(head + "0 198.18.0.2:7001\n1 198.18.0.3\n", "c.txt:4: '198.18.0.3': no port (HOST:PORT)");
  expect_refused(head + "0 198.18.0.2:0\n", "c.txt:3: '198.18.0.2:0': the port must be 1..65535");
  expect_refused(head + "0 198.18.0.2:65536\n", "c.txt:3: '198.18.0.2:65536': the port must be 1..65535");
  expect_refused(head + "0 198.18.0.2:+80\n", "c.txt:3: '198.18.0.2:+80': the port must be 1..65535");
  expect_refused(head + "0 host.example:80\n",
                 "c.txt:3: 'host.example:80': 'host.example' is not an IPv4 address (names are not looked up)");
  expect_refused(head + "0 198.18.0.256:80\n",
                 "c.txt:3: '198.18.0.256:80': '198.18.0.256' is not an IPv4 address (names are not looked up)");
  expect_refused(head + "0 fd00::1:80\n",
                 "c.txt:3: 'fd00::1:80': an IPv6 address is written in brackets, [ADDRESS]:PORT");
  expect_refused(head + "0 [fd00::1]80\n", "c.txt:3: '[fd00::1]80': an IPv6 address is written [ADDRESS]:PORT");
  expect_refused(head + "0 [fd00::g]:80\n", "c.txt:3: '[fd00::g]:80': 'fd00::g' is not an IPv6 address");
  expect_refused(head + "0 0.0.0.0:80\n", "c.txt:3: '0.0.0.0:80': the unspecified address names no host");
  expect_refused(head + "0 [::]:80\n", "c.txt:3: '[::]:80': the unspecified address names no host");
  expect_refused(head + "0 198.18.0.2:80 extra\n",
                 "c.txt:3: expected 'coordinator HOST:PORT', 'key FILE' or 'ID HOST:PORT', not '0 198.18.0.2:80 extra'");
  expect_refused(head + "machine 198.18.0.2:80\n",
                 "c.txt:3: 'machine' is neither 'coordinator', 'key' nor a machine id (0..999)");
  expect_refused(head + "01 198.18.0.2:80\n", "c.txt:3: '01' is neither 'coordinator', 'key' nor a machine id (0..999)");
  expect_refused(head + "-1 198.18.0.2:80\n", "c.txt:3: '-1' is neither 'coordinator', 'key' nor a machine id (0..999)");
  expect_refused(head + "1000 198.18.0.2:80\n",
                 "c.txt:3: '1000' is neither 'coordinator', 'key' nor a machine id (0..999)");
  expect_refused(head + "0 198.18.0.2:80\n0 198.18.0.3:80\n", "c.txt:4: machine 0 is named twice");
  expect_refused(head + "0 198.18.0.2:80\n1 198.18.0.2:80\n",
                 "c.txt:4: 198.18.0.2:80 is already line 3's address");
  expect_refused(head + "0 [fd00::1]:80\n1 [fd00:0::1]:80\n", "c.txt:4: [fd00:0::1]:80 is already line 3's address");
  expect_refused(head + "0 198.18.0.1:7000\n", "c.txt:3: 198.18.0.1:7000 is already line 1's address");
  expect_refused(head + "coordinator 198.18.0.9:1\n", "c.txt:3: a second coordinator line");
  expect_refused(head + "key other\n", "c.txt:3: a second key line");
  expect_refused("key k\n0 198.18.0.2:1\n1 198.18.0.2:2\n", "c.txt: no 'coordinator HOST:PORT' line");
  expect_refused("coordinator 198.18.0.1:7000\n0 198.18.0.2:1\n1 198.18.0.2:2\n", "c.txt: no 'key FILE' line");
  expect_refused(head + "0 198.18.0.2:1\n", "c.txt: a cluster needs at least 2 machines");
  expect_refused(head + "0 198.18.0.2:1\n2 198.18.0.2:2\n", "c.txt: 2 machines, but no machine 1 (ids are 0..1)");
  expect_refused(head + "1 198.18.0.2:1\n2 198.18.0.2:2\n", "c.txt: 2 machines, but no machine 0 (ids are 0..1)");
}

// ::ffff:A.B.C.D is A.B.C.D: a listening address named both ways is one address twice, and
// ::ffff:0.0.0.0 is the unspecified address as much as 0.0.0.0 is.
void test_ipv4_mapped() {
  const std::string head = "coordinator 198.18.0.1:7000\nkey k\n";
  expect_refused(head + "0 [::ffff:198.18.0.1]:7000\n1 198.18.0.2:1\n",
                 "c.txt:3: [::ffff:198.18.0.1]:7000 is already line 1's address");
  expect_refused(head + "0 [::ffff:c612:2]:1\n1 198.18.0.2:1\n", "c.txt:4: 198.18.0.2:1 is already line 3's address");
  expect_refused(head + "0 [::ffff:0.0.0.0]:80\n",
                 "c.txt:3: '[::ffff:0.0.0.0]:80': the unspecified address names no host");
  // The same address on another port, and an IPv6 address that is not a mapped one, are others.
  CHECK_EQ(parse_ok(head + "0 [::ffff:198.18.0.1]:7001\n1 [::198.18.0.1]:7000\n").machines.size(), size_t{2});
}

// A NUL ends a string for the system: "198.18.0.2<NUL>junk" would be taken as 198.18.0.2 and a
// key path cut short, so a control byte is refused wherever it is.
void test_control_bytes() {
  const std::string head = "coordinator 198.18.0.1:7000\nkey k\n";
  expect_refused(head + "0 198.18.0.2" + std::string(1, '\0') + "zz:1\n1 198.18.0.3:1\n",
                 "c.txt:3: a control byte (0x00)");
  expect_refused(head + "0 [::1" + std::string(1, '\0') + "zz]:1\n1 198.18.0.3:1\n", "c.txt:3: a control byte (0x00)");
  const std::string key_nul = "coordinator 198.18.0.1:7000\nkey k" + std::string(1, '\0') + "ey\n";
  expect_refused(key_nul + "0 198.18.0.2:1\n1 198.18.0.3:1\n", "c.txt:2: a control byte (0x00)");
  expect_refused(head + "0 198.18.0.2:1\v\n", "c.txt:3: a control byte (0x0b)");
  // Tabs and CRLF stay whitespace.
  const std::string crlf = "coordinator\t198.18.0.1:7000\r\nkey\tk\r\n0 198.18.0.2:1\r\n1\t198.18.0.3:1\r\n";
  CHECK_EQ(parse_ok(crlf).machines.size(), size_t{2});
}

// Ids run to 999: a cluster of 1000 machines, named in any order.
void test_thousand_machines() {
  std::string text = "coordinator 10.1.0.1:1\nkey k\n";
  for (int i = 999; i >= 0; --i)
    text += std::to_string(i) + " 10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1) + ":7000\n";
  const lc::ClusterFile f = parse_ok(text);
  CHECK_EQ(f.machines.size(), size_t{1000});
  if (f.machines.size() == 1000) CHECK_EQ(f.machines[999].text, std::string("10.0.3.250:7000"));
}

void test_load() {
  char dir[] = "/tmp/test_cluster_file.XXXXXX";
  CHECK(::mkdtemp(dir) != nullptr);
  const std::string path = std::string(dir) + "/cluster.txt";
  std::FILE* out = std::fopen(path.c_str(), "w");
  CHECK(out != nullptr);
  if (out != nullptr) {
    std::fputs(kGood, out);
    std::fclose(out);
  }
  lc::ClusterFile f;
  CHECK(lc::ClusterFile::load(path, &f).is_ok());
  CHECK_EQ(f.key_path, std::string(dir) + "/cluster.key");
  lc::Status s = lc::ClusterFile::load(std::string(dir) + "/none.txt", &f);
  CHECK_EQ(s.message(), std::string(dir) + "/none.txt: No such file or directory");
  s = lc::ClusterFile::load(dir, &f);
  CHECK_EQ(s.message(), std::string(dir) + ": not a regular file");
  std::remove(path.c_str());
  ::rmdir(dir);
}

// The digest the params carry says where everyone is, not how a file spells it: two files that
// name the same addresses in other words agree, and another port is another address.
void test_addresses_digest() {
  const lc::ClusterFile a = parse_ok("coordinator 198.18.0.1:7000\nkey k\n0 [fd00::3]:7001\n1 198.18.0.2:7002\n");
  const lc::ClusterFile b =
      parse_ok("coordinator [::ffff:198.18.0.1]:07000\nkey other\n1 [::ffff:c612:2]:7002\n0 [FD00:0:0::3]:7001\n");
  CHECK_EQ(a.addresses_digest(), b.addresses_digest());
  const lc::ClusterFile c = parse_ok("coordinator 198.18.0.1:7000\nkey k\n0 [fd00::3]:7001\n1 198.18.0.2:7003\n");
  CHECK(a.addresses_digest() != c.addresses_digest());
  const lc::ClusterFile d = parse_ok("coordinator 198.18.0.1:7000\nkey k\n1 [fd00::3]:7001\n0 198.18.0.2:7002\n");
  CHECK(a.addresses_digest() != d.addresses_digest());
}

}  // namespace

int main() {
  test_good_file();
  test_refused_lines();
  test_ipv4_mapped();
  test_control_bytes();
  test_thousand_machines();
  test_load();
  test_addresses_digest();
  return lc_test::finish("test_cluster_file");
}
