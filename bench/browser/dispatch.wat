;; The other dispatch design of issue 11, reduced to its crossings: the JS layer hands the engine
;; the parsed payload's handle (an externref), and the engine calls each listener through a JS
;; import, as wasm-bindgen's `Function::call1` does. bench/browser/bench.js times it against the
;; JS layer's own dispatcher (js/listeners.js) with the same listeners. Compiled by scripts/bench.sh
;; with binaryen's wasm-as.
(module
  (import "js" "call1" (func $call1 (param externref externref)))
  (table $listeners 8 externref)
  (global $count (mut i32) (i32.const 0))
  ;; Registers `f` as the next listener.
  (func (export "add") (param $f externref)
    (table.set $listeners (global.get $count) (local.get $f))
    (global.set $count (i32.add (global.get $count) (i32.const 1))))
  ;; Forgets every listener.
  (func (export "clear")
    (global.set $count (i32.const 0)))
  ;; Calls every listener with `payload`.
  (func (export "dispatch") (param $payload externref)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $count)))
        (call $call1 (table.get $listeners (local.get $i)) (local.get $payload))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
