// libedit (BSD editline) for Swift's REPL, loaded with dlopen when the REPL starts
// rather than linked: linked, libedit and what it pulls in (libtinfo, libbsd, libmd)
// were loaded and relocated at the start of every `iql` run, a script's or `-e`'s too.
// Only the declarations come from histedit.h; no symbol of libedit is referenced at
// link time. The wrappers below also make the calls Swift cannot make (el_wset,
// el_wget and history_w are C variadic functions, which Swift does not import).
#ifndef CLINEEDIT_H
#define CLINEEDIT_H

#if !__has_include(<histedit.h>)
#error "libedit headers not found: install them with 'apt-get install -y libedit-dev'"
#endif

#include <histedit.h>
#include <stddef.h>
#include <wchar.h>

/// The libedit functions iql calls, once each: X(name).
#define IQL_LIBEDIT_FUNCTIONS(X) \
    X(el_init) X(el_end) X(el_reset) X(el_source) X(el_wgets) X(el_wline) \
    X(el_winsertstr) X(el_deletestr) X(el_wpush) X(el_wset) X(el_wget) \
    X(history_winit) X(history_wend) X(history_w)

/// Pointers to libedit's functions, typed by the header's own declarations.
struct iql_libedit {
#define IQL_LIBEDIT_FIELD(name) __typeof__(name) * _Nonnull name;
    IQL_LIBEDIT_FUNCTIONS(IQL_LIBEDIT_FIELD)
#undef IQL_LIBEDIT_FIELD
};

/// Opens the shared library `file` and resolves every function into `out`: 0 on
/// success; -1 when the library or one of its functions is missing, with dlerror's
/// text in `error` (of `size` bytes). The library stays loaded for the process.
int iql_libedit_open(const char * _Nonnull file, struct iql_libedit * _Nonnull out, char * _Nonnull error, size_t size);

/// Sets the function libedit calls for the prompt text.
static inline int iql_el_set_prompt(const struct iql_libedit *lib, EditLine *el, wchar_t *(*prompt)(EditLine *)) {
    return lib->el_wset(el, EL_PROMPT, prompt);
}

/// Chooses the key map: L"emacs" or L"vi".
static inline int iql_el_set_editor(const struct iql_libedit *lib, EditLine *el, const wchar_t *mode) {
    return lib->el_wset(el, EL_EDITOR, mode);
}

/// Sets a terminal capability (EL_SETTC), e.g. clears "im" with value L"".
static inline int iql_el_set_capability(const struct iql_libedit *lib, EditLine *el, const wchar_t *name, const wchar_t *value) {
    return lib->el_wset(el, EL_SETTC, name, value, NULL);
}

/// Binds a key sequence such as L"^I" to a named editor function.
static inline int iql_el_bind(const struct iql_libedit *lib, EditLine *el, const wchar_t *key, const wchar_t *function) {
    return lib->el_wset(el, EL_BIND, key, function, NULL);
}

/// Adds a named editor function implemented in the host.
static inline int iql_el_add_function(const struct iql_libedit *lib, EditLine *el, const wchar_t *name, const wchar_t *help,
                                      unsigned char (*function)(EditLine *, int)) {
    return lib->el_wset(el, EL_ADDFN, name, help, function);
}

/// Stores a pointer that callbacks read back with iql_el_client_data.
static inline int iql_el_set_client_data(const struct iql_libedit *lib, EditLine *el, void *data) {
    return lib->el_wset(el, EL_CLIENTDATA, data);
}

/// The pointer stored with iql_el_set_client_data.
static inline void *iql_el_client_data(const struct iql_libedit *lib, EditLine *el) {
    void *data = NULL;
    lib->el_wget(el, EL_CLIENTDATA, &data);
    return data;
}

/// Connects a wide-character history to the editor (Up, Down, Ctrl-R).
static inline int iql_el_set_history(const struct iql_libedit *lib, EditLine *el, HistoryW *history) {
    return lib->el_wset(el, EL_HIST, lib->history_w, history);
}

/// Appends an entry to a history.
static inline int iql_history_add(const struct iql_libedit *lib, HistoryW *history, const wchar_t *entry) {
    HistEventW event;
    return lib->history_w(history, &event, H_ENTER, entry);
}

/// Removes every entry of a history.
static inline int iql_history_clear(const struct iql_libedit *lib, HistoryW *history) {
    HistEventW event;
    return lib->history_w(history, &event, H_CLEAR);
}

/// Sets how many entries a history keeps.
static inline int iql_history_set_size(const struct iql_libedit *lib, HistoryW *history, int size) {
    HistEventW event;
    return lib->history_w(history, &event, H_SETSIZE, size);
}

#endif
