// libedit (BSD editline) for Swift: the wide-character API, plus non-variadic
// wrappers for the calls Swift cannot make (el_wset, el_wget and history_w are
// C variadic functions, which Swift does not import).
#ifndef CLINEEDIT_H
#define CLINEEDIT_H

#if !__has_include(<histedit.h>)
#error "libedit headers not found: install them with 'apt-get install -y libedit-dev'"
#endif

#include <histedit.h>
#include <stddef.h>
#include <wchar.h>

/// Sets the function libedit calls for the prompt text.
static inline int iql_el_set_prompt(EditLine *el, wchar_t *(*prompt)(EditLine *)) {
    return el_wset(el, EL_PROMPT, prompt);
}

/// Chooses the key map: L"emacs" or L"vi".
static inline int iql_el_set_editor(EditLine *el, const wchar_t *mode) {
    return el_wset(el, EL_EDITOR, mode);
}

/// Sets a terminal capability (EL_SETTC), e.g. clears "im" with value L"".
static inline int iql_el_set_capability(EditLine *el, const wchar_t *name, const wchar_t *value) {
    return el_wset(el, EL_SETTC, name, value, NULL);
}

/// Binds a key sequence such as L"^I" to a named editor function.
static inline int iql_el_bind(EditLine *el, const wchar_t *key, const wchar_t *function) {
    return el_wset(el, EL_BIND, key, function, NULL);
}

/// Adds a named editor function implemented in the host.
static inline int iql_el_add_function(EditLine *el, const wchar_t *name, const wchar_t *help,
                                      unsigned char (*function)(EditLine *, int)) {
    return el_wset(el, EL_ADDFN, name, help, function);
}

/// Stores a pointer that callbacks read back with iql_el_client_data.
static inline int iql_el_set_client_data(EditLine *el, void *data) {
    return el_wset(el, EL_CLIENTDATA, data);
}

/// The pointer stored with iql_el_set_client_data.
static inline void *iql_el_client_data(EditLine *el) {
    void *data = NULL;
    el_wget(el, EL_CLIENTDATA, &data);
    return data;
}

/// Connects a wide-character history to the editor (Up, Down, Ctrl-R).
static inline int iql_el_set_history(EditLine *el, HistoryW *history) {
    return el_wset(el, EL_HIST, history_w, history);
}

/// Appends an entry to a history.
static inline int iql_history_add(HistoryW *history, const wchar_t *entry) {
    HistEventW event;
    return history_w(history, &event, H_ENTER, entry);
}

/// Removes every entry of a history.
static inline int iql_history_clear(HistoryW *history) {
    HistEventW event;
    return history_w(history, &event, H_CLEAR);
}

/// Sets how many entries a history keeps.
static inline int iql_history_set_size(HistoryW *history, int size) {
    HistEventW event;
    return history_w(history, &event, H_SETSIZE, size);
}

#endif
