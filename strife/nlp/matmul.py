"""The model's whole-document matrix products on numpy's BLAS: same annotations, less time.

thinc's ``NumpyOps.gemm`` multiplies with BLIS.  For the shapes of en_core_web_sm's
encoders (every token's window features times a 288- or 864-wide weight matrix) numpy's
OpenBLAS, on one thread, does the same products in about half the CPU time on this
machine.  :class:`MatmulOps` changes only ``gemm``, and only in the layers that multiply a
whole batch at once: the tok2vec encoders (the shared one and the NER's own) and the
parser's and the NER's precomputed lower layer.  The transition loop's small per-step
products stay with BLIS (numpy's per-call overhead makes them slower there).

Sums taken in another order may differ in the last bits of a float, which could in
principle flip a near tie; ``tests/nlp/test_matmul.py`` compares every token annotation
with the stock model on real news and ``tests/test_sentence_filter.py`` every coded field.

OpenBLAS runs on one thread: Strife's parallel unit is the process (``--processes``,
Spark executors), and a BLAS thread pool per process only spins on a shared core.
"""

from __future__ import annotations

import ctypes
import functools

import numpy
from spacy.language import Language
from thinc.api import NumpyOps

from strife.nlp.pipeline import COMPONENT_HOOKS

#: Components whose batch-wide layers move to :class:`MatmulOps`, and those layers (refs).
_LAYERS = {"tok2vec": (None,), "parser": ("lower",), "ner": ("tok2vec", "lower")}
#: OpenBLAS's thread-count setters, by the name each build exports.
_SET_THREADS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                "openblas_set_num_threads64_", "openblas_set_num_threads")


class MatmulOps(NumpyOps):
    """NumpyOps whose ``gemm`` is ``numpy.matmul``."""

    name = "strife-matmul"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


@functools.cache
def one_blas_thread() -> bool:
    """Set numpy's OpenBLAS to one thread (whatever was imported first); False if this
    platform does not say which library is loaded or it exports no setter."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {line.split()[-1] for line in fh if "openblas" in line.lower() and "/" in line}
    except OSError:
        return False
    done = False
    for path in paths:
        lib = ctypes.CDLL(path)
        setter = next((getattr(lib, n) for n in _SET_THREADS if hasattr(lib, n)), None)
        if setter is not None:
            setter(1)
            done = True
    return done


def use_matmul(nlp: Language, options: dict) -> None:
    """Move the batch-wide layers of the parser, the NER and the shared tok2vec to
    :class:`MatmulOps` (a model without them is left as it is)."""
    ops = MatmulOps()
    moved = False
    for name, refs in _LAYERS.items():
        if name not in nlp.pipe_names:
            continue
        model = getattr(nlp.get_pipe(name), "model", None)
        for ref in refs:
            if model is None or (ref is not None and not model.has_ref(ref)):
                continue
            for node in (model if ref is None else model.get_ref(ref)).walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
                    moved = True
    if moved:
        one_blas_thread()


if use_matmul not in COMPONENT_HOOKS:
    COMPONENT_HOOKS.append(use_matmul)
