// The header's inline functions, and the temporary-file registry its signal handler reads.
#include "ciqlsupport.h"
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define IQL_TEMP_SLOTS 32

// A slot is free (0), being filled (2) or holds a path the handler may unlink (1).
// Paths live in static storage, never freed, so the handler cannot read freed memory.
// Each slot records the process that registered it: a child made by fork() inherits
// the slots, and must not unlink the files its parent is still writing.
static _Atomic int temp_state[IQL_TEMP_SLOTS];
static char temp_path[IQL_TEMP_SLOTS][PATH_MAX];
static pid_t temp_owner[IQL_TEMP_SLOTS];
static struct sigaction previous_int, previous_term;

static void on_fatal_signal(int sig, siginfo_t *info, void *context) {
    struct sigaction *previous = sig == SIGINT ? &previous_int : &previous_term;
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction) { previous->sa_sigaction(sig, info, context); return; }
    } else if (previous->sa_handler == SIG_IGN) {
        return;
    } else if (previous->sa_handler != SIG_DFL) {
        previous->sa_handler(sig);
        return;
    }
    for (int i = 0; i < IQL_TEMP_SLOTS; i++) {
        if (atomic_load(&temp_state[i]) == 1 && temp_owner[i] == getpid()) unlink(temp_path[i]);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

// Installs the handler for `sig` unless it is already there: on every registration,
// since a handler set later (the REPL's) replaces it; that one is then called first.
static void install_handler(int sig, struct sigaction *previous) {
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) return;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_fatal_signal) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    *previous = current;
    sigaction(sig, &action, NULL);
}

static void install_handlers(void) {
    install_handler(SIGINT, &previous_int);
    install_handler(SIGTERM, &previous_term);
}

int iql_temp_register(const char *path) {
    if (strlen(path) >= PATH_MAX) return -1;
    install_handlers();
    for (int i = 0; i < IQL_TEMP_SLOTS; i++) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&temp_state[i], &free_slot, 2)) {
            strcpy(temp_path[i], path);
            temp_owner[i] = getpid();
            atomic_store(&temp_state[i], 1);
            return i;
        }
    }
    return -1;
}

void iql_temp_unregister(int slot) {
    if (slot >= 0 && slot < IQL_TEMP_SLOTS) atomic_store(&temp_state[slot], 0);
}
