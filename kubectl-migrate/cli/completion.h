#pragma once

// Shell completion computed from the command table and the flag specs, so it
// cannot drift from the CLI. The output format is Cobra's `__complete` format,
// which kubectl (>= 1.26) expects from a plugin's kubectl_complete-<name>:
// one candidate per line ("value" or "value\tdescription"), then ":<directive>".

#include <string>
#include <vector>

#include "cli/command.h"

namespace km::cli {

// Cobra's ShellCompDirective bits (the numbers kubectl and the scripts read).
inline constexpr int kCompDefault = 0;      // the shell completes file names
inline constexpr int kCompNoSpace = 2;      // no space after the candidate ("deployment/")
inline constexpr int kCompNoFiles = 4;      // no file names when there are no candidates
inline constexpr int kCompFilterDirs = 16;  // directory names only

struct Candidate {
  std::string value;
  std::string description;
};

struct Completions {
  std::vector<Candidate> candidates;
  int directive = kCompNoFiles;
};

// `words` are the arguments after the program name; the last one is the word
// being completed ("" when a new word is started).
Completions Complete(const std::vector<Command>& commands, const std::vector<std::string>& words);

// The Cobra-format text of `completions`.
std::string FormatCompletions(const Completions& completions);

// Scripts for `source <(kubectl-migrate completion bash|zsh)`; both ask the
// binary (`kubectl-migrate completion words -- WORDS...`) for the candidates.
std::string BashCompletionScript();
std::string ZshCompletionScript();

}  // namespace km::cli
