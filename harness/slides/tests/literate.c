/**
# A heading

Prose with $x^2$ maths.
*/
#include <stdio.h>


int f(int x) {
    // BEGIN SOLUTION: return twice x
    return 2 * x;
    // MUTANT off: return x;
    // END SOLUTION
    // STUB: return 0;
}
/** One line of prose. */
/**
More prose, right after.
*/

/* an ordinary comment stays in the code */
int g(void) { return 1; }
