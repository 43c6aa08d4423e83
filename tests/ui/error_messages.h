// The core's error messages for the error_text() tests (test_error_text.cpp), in English as the
// core writes them.
#pragma once
#include <string>
#include <vector>

// Refusals of files (test_error_text_files.cpp): a model folder's, an attention file's, a
// scenario file's, a training configuration's, and nlohmann/json's parse errors inside them,
// each produced by giving the core a bad file.
std::vector<std::string> core_file_errors();
// The few the core cannot be made to give from a test (an I/O error after the file opened, a
// check its callers make impossible) and the page's own (web/model_loader.js), built from the
// catalogue's English as the core and the page word them.
std::vector<std::string> unreachable_file_errors();
