// mupdf's WebAssembly build writes its warnings ("repairing PDF document", "syntax error: …") to
// stderr. They can quote bytes of the uploaded file, so a pool thread drops them: a file that
// cannot be read surfaces as a DocumentError instead. Imported before mupdf itself.
(globalThis as { $libmupdf_wasm_Module?: object }).$libmupdf_wasm_Module = { print: () => {}, printErr: () => {} };
