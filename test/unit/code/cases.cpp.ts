import type { CodeCase } from './codeCase';

/** cpp: each line ending in a FINDING comment must be found, and no other line. */
export const CPP_CASES: CodeCase[] = [
  {
    item: 'cpp.risk.raw-ownership',
    file: 'src/pool.cpp',
    source: `#include <memory>

struct Pool {
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  Widget* cache;
};

void run(Pool& pool, void* storage) {
  Widget* w = new Widget(); // FINDING
  auto* raw = new Widget; // FINDING
  auto many = new int[16]; // FINDING
  pool.cache = new Widget(); // FINDING
  delete w; // FINDING
  delete[] many; // FINDING
  auto owned = std::make_unique<Widget>();
  std::shared_ptr<Widget> shared = std::make_shared<Widget>();
  std::unique_ptr<Widget> wrapped(new Widget());
  Widget* placed = new (storage) Widget();
  placed->~Widget();
  // delete w; in a comment
  const char* text = "delete w; new Widget";
}
`,
  },
  {
    item: 'cpp.risk.untrusted-input',
    file: 'src/net/parse.cc',
    source: `#include <cstdio>
#include <cstring>

void handle(const char* input, const std::string& name, char* buf, size_t n, FILE* log) {
  printf(input); // FINDING
  std::printf(name.c_str()); // FINDING
  fprintf(log, input); // FINDING
  snprintf(buf, n, argv[1]); // FINDING
  syslog(LOG_INFO, msg->text); // FINDING
  system(cmd.c_str()); // FINDING
  std::system(command); // FINDING
  FILE* p = popen(("grep " + name).c_str(), "r"); // FINDING
  gets(buf); // FINDING
  sprintf(buf, "%s", input); // FINDING
  vsprintf(buf, fmt, args); // FINDING
  strcpy(buf, input); // FINDING
  strcat(buf, name.c_str()); // FINDING
  printf("%s", input);
  printf("done\\n");
  fprintf(log, "%s\\n", input);
  fprintf(log, fmt, input);
  snprintf(buf, n, "%s", input);
  system("ls -l");
  popen("uptime", "r");
  fgets(buf, n, stdin);
  strcpy(buf, "fixed");
  strcat(buf, ".txt");
  strncpy(buf, input, n - 1);
  logger.printf(input);
  // strcpy(buf, input); in a comment
}
`,
  },
];
