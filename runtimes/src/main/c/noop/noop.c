/* The empty workload: measures nothing but the cost of starting a runtime instance. */
int main(void) { return 0; }
