#ifndef NATOAZ_DAEMON_START_H
#define NATOAZ_DAEMON_START_H

// Nothing to call: RequireProc.c's constructor stops natoazd before main, with exit status 78
// and a message, where /proc is not mounted. Linking this target is all it takes.

#endif
