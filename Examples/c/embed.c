/*
 * embed.c: a C host embedding iql through iql.h.
 *
 * Build (after `swift build -c release --product IQLC`):
 *   cc Examples/c/embed.c -I Sources/IQLC/include -L .build/release -lIQLC \
 *      -Wl,-rpath,.build/release -o embed && ./embed
 *
 * It defines a table from CSV text, sets limits, runs a query and a failing query,
 * and prints the JSON results.
 */
#include <stdio.h>
#include <string.h>
#include "iql.h"

static int run(iql_engine *engine, const char *source) {
    char *json = iql_eval_json(engine, source);
    printf("%s\n", json);
    int ok = strncmp(json, "{\"ok\": true", 11) == 0;
    iql_free(json);
    return ok;
}

int main(void) {
    iql_engine *engine = iql_engine_new();

    const char *csv =
        "city,sector,amount\n"
        "杭州,工业,3.5\n"
        "宁波,服务业,1.25\n"
        "杭州,服务业,2\n";
    if (iql_define_csv(engine, "sales", csv) != 0) {
        fprintf(stderr, "define failed: %s\n", iql_last_error(engine));
        return 1;
    }
    if (iql_set_limit(engine, "steps", 100000) != 0 || iql_set_limit(engine, "time_ms", 2000) != 0 ||
        iql_set_limit(engine, "rows", 100000) != 0 || iql_set_limit(engine, "depth", 200) != 0) {
        fprintf(stderr, "set_limit failed: %s\n", iql_last_error(engine));
        return 1;
    }
    if (iql_set_limit(engine, "memory", 1) == 0) {
        fprintf(stderr, "an unknown limit was accepted\n");
        return 1;
    }
    printf("unknown limit: %s\n", iql_last_error(engine));

    int ok = run(engine, "sales | group by city { total = sum(amount) } | sort city");
    /* A mistake in the query: a structured error with line and column. */
    int failed = !run(engine, "sales\n| where amont > 1");
    /* A runaway query stops at the limit; the engine stays usable. */
    int stopped = !run(engine, "fn f(n) = f(n + 1)\nf(0)");
    /* The sandbox: no file access unless granted. */
    int sandboxed = !run(engine, "import \"/etc/passwd\"");
    int again = run(engine, "len(sales)");

    iql_engine_free(engine);
    if (ok && failed && stopped && sandboxed && again) {
        printf("embed.c: all checks passed\n");
        return 0;
    }
    return 1;
}
