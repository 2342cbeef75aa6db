#!/bin/sh
# Extract the overview's messages, and the plan registry's (whose translations live in the
# overview catalogue), into samvern/overview/locale/nb/LC_MESSAGES/django.po.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT/samvern/overview"
mkdir -p _registry
trap 'rm -rf _registry' EXIT
ln -sf ../../plans/registry.py _registry/registry.py
ln -sf ../../plans/registry_views.py _registry/registry_views.py
ln -sf ../../plans/templates/plans/registry _registry/templates
DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH="$ROOT" \
  "$ROOT/.venv/bin/django-admin" makemessages -l nb --no-obsolete --symlinks \
  --ignore=tools --ignore=tests
