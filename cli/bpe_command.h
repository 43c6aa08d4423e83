// attnviz-cli bpe: GPT-2 byte-level BPE from the command line (see bpe_command.cpp).
#pragma once

int bpe_command(int argc, char** argv); // argv[1] is "bpe"; returns the exit status
