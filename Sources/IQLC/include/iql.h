/*
 * iql.h: the C API of iql, the indicator query language.
 *
 * Link with libIQLC (swift build -c release --product IQLC builds libIQLC.so).
 *
 * An engine is an opaque handle holding globals, limits and file permissions.
 * A new engine is sandboxed: it can read and write no file. Strings passed in are
 * UTF-8 and are copied; strings returned are owned by the caller and must be freed
 * with iql_free. Functions returning int give 0 on success and -1 on failure; then
 * iql_last_error describes the failure.
 *
 * Threads: an engine may be used from several threads; its calls run one at a time.
 * Separate engines are independent and run in parallel. It is an error to use an
 * engine after iql_engine_free, or to free it while another thread is using it.
 */
#ifndef IQL_H
#define IQL_H

#ifdef __cplusplus
extern "C" {
#endif

/* An iql engine. Create with iql_engine_new, destroy with iql_engine_free. */
typedef struct iql_engine iql_engine;

/* A new sandboxed engine with the default limits (no file access). Never NULL. */
iql_engine *iql_engine_new(void);

/* Destroys an engine. NULL is allowed and does nothing. */
void iql_engine_free(iql_engine *engine);

/* Defines (or replaces) the global table `name` from CSV text whose first line names
 * the columns. Returns 0, or -1 if the CSV is malformed or an argument is NULL. */
int iql_define_csv(iql_engine *engine, const char *name, const char *csv_text);

/* Defines (or replaces) the global table `name` from JSON text: an array of objects,
 * or one object per line. Returns 0, or -1 if the JSON is malformed or an argument is NULL. */
int iql_define_json(iql_engine *engine, const char *name, const char *json_text);

/* Sets a limit for every later evaluation: "steps", "time_ms", "rows", "memory_bytes",
 * "depth", "string_length", "list_length" or "nesting". For "steps", "time_ms", "rows"
 * and "memory_bytes" a negative value removes the limit. Returns 0, or -1 for an unknown limit or an invalid value. */
int iql_set_limit(iql_engine *engine, const char *limit, double value);

/* Lets queries read and write files under `directory` (call again to add more).
 * NULL grants access to every file the process can reach.
 * Returns 0, or -1 if the directory does not exist. */
int iql_allow_files(iql_engine *engine, const char *directory);

/* Evaluates iql source text. Returns JSON text, never NULL, to be freed with iql_free:
 *   {"ok": true, "value": VALUE}        a table is an array of objects
 *   {"ok": false, "error": {"message": "...", "line": 1, "column": 5,
 *                           "kind": "unknownName", "hint": "did you mean 'amount'?",
 *                           "id": "unknown_name", "rendered": "<input>:1:5: error: ..."}}
 * line, column and hint are null when unknown. "id" names the message, the same in every
 * language and release: match it, not the text. */
char *iql_eval_json(iql_engine *engine, const char *source);

/* The message of the last failure of an int function on this engine, or NULL if the
 * last such call succeeded. Owned by the engine: valid until its next call. */
const char *iql_last_error(iql_engine *engine);

/* Frees a string returned by iql_eval_json. NULL is allowed. */
void iql_free(char *text);

#ifdef __cplusplus
}
#endif

#endif
