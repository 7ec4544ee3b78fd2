/* files.h — small file-system helpers that outputs share.
 *
 *     if (wb_mkdir_parents("build/week01/boundary.png") != 0) ...   // creates build/week01/
 */
#ifndef WB_FILES_H
#define WB_FILES_H

/* Create every missing directory above the file `path` (like mkdir -p "$(dirname path)"). */
int wb_mkdir_parents(const char *path);
/* 1 if path names an existing regular file. */
int wb_is_file(const char *path);
/* 0 if path is a regular file a reader may open; else -1 with "path: cannot open: <reason>",
   "path: is a directory, not a file" or "path: not a regular file" (a FIFO or a device, which
   could block a reader forever). Every reader of input files calls this first. */
int wb_require_regular_file(const char *path);

#endif
