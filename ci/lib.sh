# Shared helpers for the ci/ service scripts.

# Where the service scripts keep their state: the run's own folder when
# ci/test set one, otherwise .services/ in the repository.
services_dir() {
  local dir="${QUARRY_SERVICES_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.services}"
  mkdir -p "$dir"
  echo "$dir"
}

# A TCP port nobody listens on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

log() { echo "$(basename "$0"): $*" >&2; }
