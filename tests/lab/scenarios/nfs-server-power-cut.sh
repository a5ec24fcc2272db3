#!/bin/bash
# nfs-server (issue 16): a client's first locks, and the active node's power
# cut one second later. Hosts: server1, server2 (sharing a disk), client.
# The service s1 is an ext4 on the shared disk, served by nfs-server in its
# own namespaces behind 198.18.0.100 (name s1-svc, nfs-address), exported
# with nfs-export-fsid and notified with nfs-notify, all service=s1.
#
# EXPECT:
#  - the client takes its first NFSv3 lock and an NFSv4.2 lock; one second
#    later server1 loses power (the lab's power switch, no shutdown);
#  - the client's NSM record is on the service's filesystem when server2
#    mounts it (statd, inside the service, wrote it to state_dir before
#    lockd granted the lock);
#  - server2 takes the service over with the agents (start 0 each): the
#    NFSv3 client is notified from s1-svc and reclaims, the NFSv4.2 client
#    reclaims, and nfsd ends grace once it has; both locks are held in
#    server2's /proc/locks (the server's inodes), both holders are alive,
#    and the client's I/O works on both mounts (no ESTALE).
set -uo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/locks.sh"
source "$(dirname "$LAB_LIB")/ocf.sh"

FLOAT=198.18.0.100
echo "$FLOAT s1-svc" >>/etc/hosts
server=(name=s1 state_dir=/srv/s1/.nfs ip=$FLOAT lease_time=10 grace_time=60)
export_=(service=s1 directory=/srv/s1 fsid=root options=rw,no_root_squash,sync clientspec=198.18.0.0/24)
address=(service=s1 ip=$FLOAT cidr_netmask=24 nic=eth0)
notify=(service=s1 source_host=s1-svc)
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

# The group's start on this node, in Pacemaker's order.
take_service() {
  mkdir -p /srv/s1
  lab_run mount "$(lab_disk shared)" /srv/s1
  mkdir -p /srv/s1/data && chmod 777 /srv/s1/data
  if [[ $LAB_HOST == server2 ]]; then
    records=$(ls /srv/s1/.nfs/sm 2>/dev/null | xargs)
    lab_result records_after_power_cut "${records:-none}"
    [[ -n $records ]] || lab_fail "no NSM record on the service's filesystem after the power cut"
  fi
  ocf_expect 0 "nfs-server start on $LAB_HOST" nfs-server start "${server[@]}"
  lab_result ${LAB_HOST}_server_start_ms "$OCF_MS"
  OCF_INSTANCE=s1-export ocf_expect 0 "export start on $LAB_HOST" nfs-export-fsid start "${export_[@]}"
  OCF_INSTANCE=s1-ip ocf_expect 0 "address start on $LAB_HOST" nfs-address start "${address[@]}"
  OCF_INSTANCE=s1-notify ocf_expect 0 "nfs-notify start on $LAB_HOST" nfs-notify start "${notify[@]}"
}

case $LAB_HOST in
server1)
  lab_modules dm-mod nfsd macvlan
  lab_install_agents
  lab_run mkfs.ext4 -q "$(lab_disk shared)"
  take_service
  lab_signal serving-1
  lab_wait power-cut 400
  sleep 600   # the power goes
  ;;

server2)
  lab_modules dm-mod nfsd macvlan
  lab_install_agents
  busybox syslogd -O /run/lab/syslog   # the daemons' own words (statd, mountd)
  lab_wait power-cut 400
  t0=$(now)
  take_service
  lab_result takeover_s "$(since "$t0")"
  lab_signal serving-2
  v3_back() { [[ $(held s1 v3lock) == v3lock ]]; }
  v4_back() { [[ $(held s1 v4lock) == v4lock ]]; }
  diagnose() {
    lab_log "sm-notify: $(tr '\n' ' ' </srv/s1/.nfs/nfs-notify/s1-notify/s1-svc/sm-notify.log 2>&1)"
    lab_log "the service's list: $(ls -lR /srv/s1/.nfs/sm /srv/s1/.nfs/nfs-notify 2>&1 | xargs)"
    lab_log "server2's kernel: $(dmesg | grep -i 'nfsd\|lockd\|statd' | tr '\n' ' ')"
    lab_log "/proc/locks: $(xargs </proc/locks)"
    lab_log "syslog: $(tr '\n' ' ' </run/lab/syslog 2>&1)"
  }
  lab_retry 120 v3_back || { diagnose; lab_fail "the NFSv3 lock was not reclaimed on server2"; }
  lab_result v3_lock_reclaimed_after_s "$(since "$t0")"
  lab_retry 120 v4_back || lab_fail "the NFSv4.2 lock was not reclaimed on server2: $(cat /proc/locks | xargs)"
  lab_result v4_lock_reclaimed_after_s "$(since "$t0")"
  lab_log "nfsd: $(dmesg | grep -i 'NFSD.*grace\|lockd' | tr '\n' ' ')"
  lab_expect "locks held on server2" "$(held s1 v4lock v3lock)" "v4lock v3lock"
  lab_signal reclaimed
  lab_wait client-checked 200
  OCF_INSTANCE=s1-notify ocf_expect 0 "nfs-notify monitor on server2" nfs-notify monitor "${notify[@]}"
  OCF_INSTANCE=s1-notify ocf_expect 0 "nfs-notify stop" nfs-notify stop "${notify[@]}"
  OCF_INSTANCE=s1-export ocf_expect 0 "export stop" nfs-export-fsid stop "${export_[@]}"
  ocf_expect 0 "nfs-server stop" nfs-server stop "${server[@]}"
  lab_expect "NSM records kept by the stop" "$(ls /srv/s1/.nfs/sm | xargs)" "$records"
  lab_retry 20 umount /srv/s1 || lab_fail "cannot unmount /srv/s1 after the stop"
  lab_signal the-end
  ;;

client)
  lab_modules nfs nfsv3 nfsv4
  lab_rpc_start
  lab_wait serving-1 400
  mkdir -p /mnt/v3 /mnt/v4
  lab_run mount -t nfs -o vers=3 s1-svc:/srv/s1/data /mnt/v3
  lab_run mount -t nfs -o vers=4.2 s1-svc:/data /mnt/v4
  holder /mnt/v3/v3lock v3
  holder /mnt/v4/v4lock v4
  for h in v3 v4; do lab_retry 60 locked $h || lab_fail "lock $h not granted: $(cat /run/lab/$h.out)"; done
  sleep 1
  printf 'action=off\nplug=server1\nresults_dir=%s\n' "$LAB_RESULTS" | "$HANFS_SOURCE_DIR/tests/cluster/fence_lab" \
    || lab_fail "could not cut server1's power"
  t0=$(now)
  lab_signal power-cut
  lab_retry 200 test -e "$LAB_RESULTS/.sync/reclaimed" \
    || lab_log "client's kernel: $(dmesg | grep -i 'lockd\|nfs\|statd' | tr '\n' ' ')"
  lab_wait reclaimed 200
  lab_result locks_back_after_power_cut_s "$(since "$t0")"
  alive v3 && alive v4 || lab_fail "a holder lost its lock: $(cat /run/lab/v3.out /run/lab/v4.out | xargs)"
  for m in v3 v4; do
    echo "after the power cut" >>/mnt/$m/f && grep -q "after the power cut" /mnt/$m/f \
      || lab_fail "I/O on the $m mount failed after the takeover"
  done
  lab_log "client's kernel: $(dmesg | grep -i 'lockd\|nfs:' | tr '\n' ' ')"
  lab_expect "reclaims the client's kernel says failed" "$(dmesg | grep -c 'lockd: failed to reclaim')" 0
  kill "$(cat /run/lab/v3.pid)" "$(cat /run/lab/v4.pid)" 2>/dev/null
  umount -f -l /mnt/v3 /mnt/v4 2>/dev/null
  lab_signal client-checked
  lab_wait the-end 200
  ;;
esac
lab_log "done"
