"""The encoders on numpy's BLAS (strife.nlp.matmul) annotate exactly as the stock model."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from strife.nlp.matmul import MatmulOps

ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_TYPE", "ENT_IOB", "ENT_KB_ID"]


@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_is_the_product(trans1, trans2):
    rng = numpy.random.default_rng(0)
    x = rng.random((5, 7), dtype="float32")
    y = rng.random((7, 3), dtype="float32")
    x, y = (x.T.copy() if trans1 else x), (y.T.copy() if trans2 else y)
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = MatmulOps().gemm(x, y, trans1=trans1, trans2=trans2)
    out = numpy.zeros_like(want)
    assert MatmulOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    assert numpy.allclose(got, want, rtol=1e-5) and numpy.allclose(out, want, rtol=1e-5)


def test_the_loaded_pipeline_multiplies_with_numpy(nlp):
    def moved(model):
        return any(isinstance(node.ops, MatmulOps) for node in model.walk())

    assert moved(nlp.get_pipe("tok2vec").model)
    ner, parser = nlp.get_pipe("ner").model, nlp.get_pipe("parser").model
    assert moved(ner.get_ref("tok2vec")) and moved(ner.get_ref("lower")) and moved(parser.get_ref("lower"))
    assert not moved(ner.get_ref("upper")) and not moved(parser.get_ref("upper"))


@pytest.mark.slow
def test_same_annotations_as_the_stock_ops_on_real_news(nlp, real_news_texts):
    """Every token annotation of real news (see conftest) equals the one the model gives
    with thinc's own BLIS products."""
    import strife.nlp.pipeline as nlp_pipeline
    from strife.nlp import load_nlp
    from strife.nlp.matmul import use_matmul

    hooks = list(nlp_pipeline.COMPONENT_HOOKS)
    nlp_pipeline.COMPONENT_HOOKS.remove(use_matmul)
    try:
        stock = load_nlp()
    finally:
        nlp_pipeline.COMPONENT_HOOKS[:] = hooks
    assert not any(isinstance(node.ops, MatmulOps) for node in stock.get_pipe("ner").model.walk())
    assert len(real_news_texts) > 1000
    differing = 0
    for a, b in zip(stock.pipe(real_news_texts), nlp.pipe(real_news_texts)):
        assert len(a) == len(b)
        differing += sum(int((a.to_array(attr) != b.to_array(attr)).sum()) for attr in ATTRS)
    assert differing == 0
