// attnviz UI: lessons at run time — loading, opening a step (through the session, ui/session.h),
// checking the step's task on the live result, saving progress. The panel that shows a
// step is draw_lesson_panel() (panels.h); the file format and checkers are lesson.h.
// Steps are 1-based in the ui_* functions, as in links and the page API.
#pragma once
#include "app_state.h"
#include <string>
#include <utility>
#include <vector>

namespace attn::ui {

void ui_load_lessons(AppState& app, const std::string& dir);       // malformed files are listed, not fatal; <dir>/zh/ too
// The interface's and the lessons' language: "en", "zh" (or "zh-CN", "zh_CN.UTF-8", …). The open
// lesson shows in it at the same step with the same task state; saved with the progress.
// Returns false (and changes nothing) for a language without a catalogue.
bool ui_set_language(AppState& app, const std::string& code);
// The language the platform suggests (the desktop's locale, the browser's navigator.languages):
// used unless the user chose one (ui_set_language, or saved progress that has one); not saved.
bool ui_default_language(AppState& app, const std::string& code);
void ui_set_lesson_language(AppState& app); // app.lesson.lessons = those of app.language
bool ui_open_lesson(AppState& app, const std::string& id, int step, std::string* error);
void ui_leave_lesson(AppState& app);                               // restores the learner's own scenario
std::string ui_lesson_json(const AppState& app);                   // {"id","step","steps","done"} or null
void ui_restore_progress(AppState& app, const std::string& json);  // reopens the lesson that was open

void lesson_open_step(AppState& app, int step);  // 0-based step of the open lesson, built up from step 1
void lesson_submit_answer(AppState& app);        // checks what was typed into app.lesson.answer
void lesson_reveal(AppState& app);               // "Show me": the hidden values (a prediction's outcome) on screen
const LessonStep* lesson_active_step(const AppState& app); // nullptr outside Mode::Lesson

// Lesson hooks for the other panels.
bool lesson_highlights(const AppState& app, const char* panel);                      // outline this panel?
std::vector<std::pair<int, int>> lesson_cells(const AppState& app, const char* panel); // cells to outline
void lesson_on_cell_click(AppState& app, const char* panel, int head, int row, int col);
void lesson_check_live_task(AppState& app);
// A head picked in the model view (or with the layer and head sliders) of a step hosting
// the model: a head task is checked on its measured pattern.
void lesson_on_head_pick(AppState& app, int layer, int head);
bool lesson_hosts_model(const AppState& app); // the open step shows the model panel beside the lesson
void lesson_model_tick(AppState& app);        // once per frame: a model step waiting for the shipped model shows it  // after edits: is a condition task now done?
// Cells of `panel` not to show while the step's task is open ((row, -1): the whole row).
std::vector<std::pair<int, int>> lesson_hidden(const AppState& app, const char* panel);
bool lesson_hides_row(const AppState& app, const char* panel, int row);
bool lesson_takes_clicks(const AppState& app, const char* panel); // an open click task answers them
bool lesson_step_done(const AppState& app, int step);             // progress square filled


} // namespace attn::ui
