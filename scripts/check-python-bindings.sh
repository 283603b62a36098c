#!/usr/bin/env bash
# Generates the Python bindings offline from the jsii assembly (.jsii, written by npm run build) and
# checks that they and the README's Python example compile, and that every name the example
# imports from cdk_sagemaker_processing is defined by the bindings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
npx jsii-pacmak --code-only --targets python --outdir "$out" >/dev/null 2>&1 || npx jsii-pacmak --code-only --targets python --outdir "$out"
module="$out/python/src/cdk_sagemaker_processing/__init__.py"
python3 -m py_compile "$module" "$out/python/src/cdk_sagemaker_processing/_jsii/__init__.py" "$out/python/setup.py"
# The README's ```python block: it compiles, and its imports from the package exist in the bindings.
python3 - "$root/README.md" "$module" <<'PY'
import re, sys
readme, module = open(sys.argv[1]).read(), open(sys.argv[2]).read()
blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
assert blocks, "README.md has no ```python example"
for code in blocks:
    compile(code, "README.md (python)", "exec")
    groups = re.findall(r"from cdk_sagemaker_processing import (?:\(([^)]*)\)|([^\n]*))", code)
    names = [n.strip() for g in groups for n in (g[0] or g[1]).split(",") if n.strip()]
    assert names, "the Python example imports nothing from cdk_sagemaker_processing"
    for name in names:
        if not re.search(rf"^class {name}\b", module, re.M):
            sys.exit(f"README.md's Python example imports {name}, which the bindings do not define")
print(f"python bindings: {len(module) // 1024} kB, compiled; README Python example: {len(blocks)} block(s), its imports defined")
PY
