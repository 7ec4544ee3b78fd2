// notwritten.h — how an exercise stub says "this function is not written yet".
//
// `make stubs` (harness/tools/stubgen.awk) puts one line under every TODO of a stub:
//
//     // TODO: sum x[i] * y[i] over i
//     wb_not_written(__func__);
//
// The call changes nothing the function computes (a stub still fails its tests); it only writes
// the function's name down, so that a program can tell the student which functions are missing
// (the Playground page says "mlp_backward is not written yet: the network cannot learn"). Delete
// the line when you write the function.
//
//   wb_not_written_reset();
//   mlp_backward(&net, x, dout, B);
//   if (wb_not_written_count() > 0) printf("%s is not written yet\n", wb_not_written_name(0));
#ifndef WB_NOTWRITTEN_H
#define WB_NOTWRITTEN_H

#define WB_NOT_WRITTEN_MAX 64   // names kept; later ones are counted but not kept

void wb_not_written(const char *name);     // name: a string that lives as long as the program
int wb_not_written_count(void);            // distinct names since the last reset (at most MAX)
const char *wb_not_written_name(int i);    // the i-th of them, in the order first seen; NULL if none
void wb_not_written_reset(void);

#endif
