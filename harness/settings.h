/* settings.h — a run's numeric settings, read from the environment.
 *
 *     int epochs = (int)wb_setting("EPOCHS", 20);     // EPOCHS=5 make week06 run
 *     float lr = (float)wb_setting("LR", 0.1);
 *
 * Unset or empty: the default. A value that is not a number (EPOCHS=ten, LR=0.1x) stops the run
 * with one line naming the setting (exit status 2), instead of silently reading it as 0.
 */
#ifndef WB_SETTINGS_H
#define WB_SETTINGS_H

double wb_setting(const char *name, double dflt);

#endif
