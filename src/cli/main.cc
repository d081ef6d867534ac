#include <cstdio>
int main() {
  std::puts("memoria: under construction");
  return 0;
}
