#!/usr/bin/env bash
# Regenerates the image fixtures with the vips command-line tools
# (libvips-tools) and Python; run from this folder. The files are committed:
# the tests do not need these tools.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# photo.jpg: 640×480, red grows left to right, green top to bottom.
vips xyz "$tmp/xyz.v" 640 480
vips extract_band "$tmp/xyz.v" "$tmp/x.v" 0
vips extract_band "$tmp/xyz.v" "$tmp/y.v" 1
vips linear "$tmp/x.v" "$tmp/r.v" 0.3984 0
vips linear "$tmp/y.v" "$tmp/g.v" 0.5312 0
vips linear "$tmp/x.v" "$tmp/b.v" 0 128
vips bandjoin "$tmp/r.v $tmp/g.v $tmp/b.v" "$tmp/rgb.v"
vips cast "$tmp/rgb.v" "$tmp/rgb8.v" uchar
vips jpegsave "$tmp/rgb8.v" photo.jpg --Q 90

# photo-exif6.jpg: the same pixels with EXIF orientation 6 ("turn 90° clockwise
# to display"): viewers show it 480×640.
python3 - <<'PY'
import struct
jpeg = open("photo.jpg", "rb").read()
assert jpeg[:2] == b"\xff\xd8"
ifd = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack("<I", 0)
exif = b"Exif\0\0" + b"II*\0" + struct.pack("<I", 8) + ifd
segment = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
open("photo-exif6.jpg", "wb").write(jpeg[:2] + segment + jpeg[2:])
PY

# logo.png: 300×200 with an alpha channel.
vips bandjoin_const "$tmp/rgb8.v" "$tmp/rgba.v" 200
vips resize "$tmp/rgba.v" "$tmp/small.v" 0.46875 --vscale 0.41667
vips pngsave "$tmp/small.v" logo.png

# bomb-100mp.png: a 10,000 × 10,000 one-bit image (100 megapixels, ~1.2 GB
# decoded as RGBA) in a few kilobytes: a decompression bomb.
vips black "$tmp/bomb.v" 10000 10000
vips pngsave "$tmp/bomb.v" bomb-100mp.png --bitdepth 1 --compression 9

# not-an-image.jpg: text under an image's name.
printf 'this is a shell script, not a JPEG\n#!/bin/sh\necho pwned\n' > not-an-image.jpg
