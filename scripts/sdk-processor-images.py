#!/usr/bin/env python3
"""Writes test/image/sdk-processor-images.json: the image each SageMaker Python SDK processor picks.

Run with the SDK's source and its Python dependencies (boto3, pyyaml, ...) importable, e.g. in a
virtualenv with `pip install sagemaker==2.257.6`:

    python3 scripts/sdk-processor-images.py <sagemaker-python-sdk>/src > test/image/sdk-processor-images.json

For every version and version alias of the processors' image configs (image_uri_config/*.json),
with and without a Python version, on a CPU and a GPU instance type, it builds the processor with a
mocked us-west-2 Session (as the SDK's unit tests do) and records its `image_uri`. Calls the SDK
refuses are left out. Modules the processors import but never use here are stubbed.
"""
import importlib.abc
import importlib.machinery
import json
import logging
import os
import sys
import types
import warnings
from unittest.mock import MagicMock, Mock

SDK_SRC = sys.argv[1]
sys.path.insert(0, SDK_SRC)
os.environ['SAGEMAKER_SUPPRESS_V2_WARNING'] = '1'
STUBBED = ('schema', 'smdebug_rulesconfig', 'sagemaker_core', 'omegaconf', 'graphene', 'fastapi', 'uvicorn', 'mlflow', 'sagemaker_mlflow', 'deepdiff', 'antlr4')


class StubModule(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        value = MagicMock(name=f'{self.__name__}.{name}')
        setattr(self, name, value)
        return value


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        return importlib.machinery.ModuleSpec(name, self, is_package=True) if name.split('.')[0] in STUBBED else None

    def create_module(self, spec):
        return StubModule(spec.name)

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, StubFinder())
logging.disable(logging.CRITICAL)
warnings.filterwarnings('ignore')

from sagemaker.huggingface.processing import HuggingFaceProcessor  # noqa: E402
from sagemaker.pytorch.processing import PyTorchProcessor  # noqa: E402
from sagemaker.session_settings import SessionSettings  # noqa: E402
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.spark.processing import PySparkProcessor  # noqa: E402
from sagemaker.tensorflow.processing import TensorFlowProcessor  # noqa: E402
from sagemaker.xgboost.processing import XGBoostProcessor  # noqa: E402

REGION = 'us-west-2'
ROLE = 'arn:aws:iam::012345678901:role/R'
INSTANCE_TYPES = ['ml.m5.xlarge', 'ml.g5.xlarge']


def session():
    s = MagicMock(name='sagemaker_session', boto_session=Mock(region_name=REGION), boto_region_name=REGION,
                  config=None, local_mode=False, settings=SessionSettings(), default_bucket_prefix=None)
    s.default_bucket = Mock(return_value='bucket')
    s.expand_role.return_value = ROLE
    s.sagemaker_config = {}
    return s


def image(make):
    try:
        return make()
    except Exception:  # the SDK refuses the call
        return None


def config(name):
    with open(os.path.join(SDK_SRC, 'sagemaker', 'image_uri_config', f'{name}.json')) as f:
        return json.load(f)


rows = []
for family, scope in [('sklearn', 'training'), ('spark', 'processing'), ('pytorch', 'training'), ('tensorflow', 'training'),
                      ('xgboost', 'training'), ('huggingface', 'training')]:
    c = config(family)[scope]
    versions, aliases = c['versions'], c.get('version_aliases', {})
    for version in list(versions) + list(aliases):
        vc = versions.get(aliases.get(version, version), {})
        for it in INSTANCE_TYPES:
            def common():
                return dict(role=ROLE, instance_type=it, instance_count=1, sagemaker_session=session())
            if family == 'huggingface':
                bases = [k for k in vc if k.startswith(('pytorch', 'tensorflow'))] + list(vc.get('version_aliases', {}))
                for base in bases:
                    name = 'pytorch' if base.startswith('pytorch') else 'tensorflow'
                    base_version = base[len(name):]
                    for py in vc.get(vc.get('version_aliases', {}).get(base, base), {}).get('py_versions', [None]):
                        uri = image(lambda: HuggingFaceProcessor(transformers_version=version, py_version=py, **{f'{name}_version': base_version}, **common()).image_uri)
                        if uri:
                            rows.append([family, version, py, name, base_version, it, uri.split('.amazonaws.com/', 1)[1]])
                continue
            pys = vc.get('py_versions') or [None]
            for py in pys + ([None] if None not in pys else []):
                if family == 'sklearn':
                    uri = image(lambda: SKLearnProcessor(framework_version=version, **common()).image_uri) if py is None else None
                elif family == 'spark':
                    uri = image(lambda: PySparkProcessor(framework_version=version, **common()).image_uri) if py is None else None
                else:
                    cls = {'pytorch': PyTorchProcessor, 'tensorflow': TensorFlowProcessor, 'xgboost': XGBoostProcessor}[family]
                    uri = image(lambda: cls(framework_version=version, **({} if py is None else {'py_version': py}), **common()).image_uri)
                if uri:
                    rows.append([family, version, py, None, None, it, uri.split('.amazonaws.com/', 1)[1]])

print(json.dumps({
    'source': 'aws/sagemaker-python-sdk (the release in SDK_SRC): the image_uri of each processor, built with a mocked '
              f'{REGION} Session, by scripts/sdk-processor-images.py; only the calls the SDK answers with an image',
    'columns': ['family', 'version', 'pyVersion', 'baseFramework', 'baseFrameworkVersion', 'instanceType', 'image'],
    'rows': rows,
}).replace('],[', '],\n['))
