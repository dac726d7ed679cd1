#!/usr/bin/env bash
# The system packages the platform and its tests need: Debian's chromium (browser tests),
# fonts-noto-cjk (Chinese text, embedded in certificates), Pango and HarfBuzz's subsetter
# (WeasyPrint renders PDFs with Pango and subsets fonts with libharfbuzz-subset: without it each
# CJK certificate takes seconds), ffmpeg (showcase videos), and LibreOffice Calc without its GUI (tests open the exported
# CSV and xlsx files with `soffice --headless`, as a user's office software would).
# On Debian as root they are installed when missing; elsewhere this says exactly what to install.
set -euo pipefail
missing=()
# `system-deps.sh runtime`: what the site needs to run (make run); without it, the tests' too
# `system-deps.sh prod`: also nginx (the production layout, scripts/serve-prod.sh) and ApacheBench
# (apache2-utils: bench/bench_results_page.py)
[ "${1:-}" = prod ] && { command -v nginx >/dev/null 2>&1 || missing+=(nginx); command -v ab >/dev/null 2>&1 || missing+=(apache2-utils); }
if [ "${1:-}" != runtime ] && [ "${1:-}" != prod ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
fi
# ffprobe and ffmpeg (Debian's ffmpeg): showcase videos are checked by content and a poster
# frame is taken from each
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  dpkg -s "$lib" >/dev/null 2>&1 || ldconfig -p 2>/dev/null | grep -q "${lib%-0}" || missing+=("$lib")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统软件包：${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "缺少网站或测试所需的系统软件包：${missing[*]}" >&2
  echo "请以 root 身份运行：apt-get update && apt-get install -y ${missing[*]}" >&2
  echo "（非 Debian 系统：安装 Chromium 并使 /usr/bin/chromium 可用，安装 Noto Sans CJK SC 字体，安装 LibreOffice Calc 并使 soffice 在 PATH 中，安装 FFmpeg 并使 ffprobe、ffmpeg 在 PATH 中。）" >&2
  exit 1
fi
