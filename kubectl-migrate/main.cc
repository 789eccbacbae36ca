#include "cli/command.h"

int main(int argc, char** argv) { return km::cli::Main(argc, argv); }
