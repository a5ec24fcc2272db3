# Lock helpers for scenarios whose clients hold POSIX locks on a service's
# export while the server moves: source "$LAB_LIB" first, then this file.
# A holder's state is in /run/lab/TAG.{out,pid}; locks are judged where the
# server holds them (/proc/locks by device and inode), never by the client.

# holder FILE TAG: a process holding a POSIX write lock on FILE (an NFS
# path) until it is killed; "locked" in /run/lab/TAG.out once granted.
holder() {
  mkdir -p /run/lab
  python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
while True:
    time.sleep(1)
' "$1" >/run/lab/$2.out 2>&1 &
  echo $! >/run/lab/$2.pid
}
locked() { grep -q locked /run/lab/$1.out; }
alive() { kill -0 "$(cat /run/lab/$1.pid)" 2>/dev/null; }

# held S FILE...: those FILEs of /srv/S/data the server holds a lock on.
held() {
  local s=$1 f dev ino out=; shift
  dev=$(mountpoint -d /srv/$s)
  for f in "$@"; do
    ino=$(stat -c %i /srv/$s/data/$f)
    grep -q " $(printf '%02x:%02x' "${dev%:*}" "${dev#*:}"):$ino " /proc/locks && out+="$f "
  done
  echo "${out% }"
}
