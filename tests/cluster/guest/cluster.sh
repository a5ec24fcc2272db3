# Cluster helpers for the cluster scenarios: source "$LAB_LIB" first.
#
# Corosync and Pacemaker are started the way their packages' units start
# them (corosync, then pacemakerd with the units' environment), without
# systemd. Corosync runs on the lab network only; the nodes are the lab's
# hosts with role "server".

CLUSTER_DIR=${HANFS_SOURCE_DIR:?}/tests/cluster

# cluster_nodes: the names of the cluster nodes, in lab order (a VM outside
# a lab of servers is a cluster of one).
cluster_nodes() {
  local servers
  servers=$(lab_hosts_with_role server 2>/dev/null | xargs)
  echo "${servers:-$(uname -n)}"
}

# cluster_write_corosync_conf: a two-node corosync.conf (knet, lab network),
# or, in a VM outside a lab of servers, a one-node cluster on loopback.
cluster_write_corosync_conf() {
  local id=0 addr name role
  mkdir -p /etc/corosync /var/log/cluster /var/lib/corosync
  if [[ -z $(lab_hosts_with_role server 2>/dev/null) ]]; then
    {
      printf 'totem {\n\tversion: 2\n\tcluster_name: hanfs\n\ttransport: knet\n\tcrypto_cipher: none\n\tcrypto_hash: none\n}\n'
      printf 'nodelist {\n\tnode {\n\t\tring0_addr: 127.0.0.1\n\t\tname: %s\n\t\tnodeid: 1\n\t}\n}\n' "$(uname -n)"
      printf 'quorum {\n\tprovider: corosync_votequorum\n}\n'
      printf 'logging {\n\tto_logfile: yes\n\tlogfile: /var/log/cluster/corosync.log\n\tto_syslog: no\n\ttimestamp: on\n}\n'
    } >/etc/corosync/corosync.conf
    return
  fi
  {
    printf 'totem {\n\tversion: 2\n\tcluster_name: hanfs\n\ttransport: knet\n'
    # The lab network is private to this run: no cipher, nothing to leak.
    printf '\tcrypto_cipher: none\n\tcrypto_hash: none\n\ttoken: 3000\n}\n'
    printf 'nodelist {\n'
    while read -r addr name role; do
      [[ $role == server ]] || continue
      id=$((id + 1))
      printf '\tnode {\n\t\tring0_addr: %s\n\t\tname: %s\n\t\tnodeid: %d\n\t}\n' "${addr%/*}" "$name" "$id"
    done <"$LAB_HOSTS_FILE"
    printf '}\nquorum {\n\tprovider: corosync_votequorum\n\ttwo_node: 1\n}\n'
    printf 'logging {\n\tto_logfile: yes\n\tlogfile: /var/log/cluster/corosync.log\n\tto_syslog: no\n\ttimestamp: on\n}\n'
  } >/etc/corosync/corosync.conf
}

# cluster_start: corosync, then pacemakerd; waits until every node is online.
cluster_start() {
  local t0=$SECONDS
  cluster_write_corosync_conf
  ln -sf "$CLUSTER_DIR/fence_lab" /usr/sbin/fence_lab
  lab_install_agents
  corosync || lab_fail "corosync failed to start: $(tail -5 /var/log/cluster/corosync.log)"
  mkdir -p /var/log/pacemaker && chown hacluster:haclient /var/log/pacemaker
  # As /etc/default/pacemaker and the unit set it up.
  PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
    setsid /usr/sbin/pacemakerd </dev/null >>/var/log/pacemaker/pacemakerd.out 2>&1 &
  local want
  want="Online: [ $(cluster_nodes) ]"
  lab_retry 240 bash -c "crm_mon -1 2>/dev/null | grep -qF '$want'" \
    || lab_fail "cluster did not come up: $(crm_mon -1 2>&1 | tail -5)"
  lab_log "cluster up in $((SECONDS - t0)) s: $want"
}

# cluster_where RESOURCE: the node running RESOURCE, or nothing.
cluster_where() {
  crm_resource --locate --resource "$1" 2>/dev/null | sed -n 's/.* is running on: \([^ ]*\).*/\1/p' | head -1
}

# cluster_wait_on RESOURCE NODE [SECONDS]: until RESOURCE runs on NODE.
cluster_wait_on() {
  lab_retry "${3:-180}" bash -c "[[ \$(crm_resource --locate --resource '$1' 2>/dev/null) == *'running on: $2'* ]]" \
    || lab_fail "$1 is not running on $2: $(crm_mon -1 2>&1 | tail -15)"
}

# cluster_keep_logs: the cluster's state and logs in $LAB_OUT, every 20 s
# while the scenario runs (a VM powered off or overrun keeps the last copy)
# and once more when the scenario ends.
cluster_keep_logs() {
  _cluster_copy_logs() {
    crm_mon -1 --show-detail --failcounts --inactive >"$LAB_OUT/crm_mon.txt" 2>&1
    cp /var/log/pacemaker/pacemaker.log /var/log/cluster/corosync.log "$LAB_OUT/" 2>/dev/null
  }
  ( while sleep 20; do _cluster_copy_logs; done ) </dev/null >/dev/null 2>&1 &
  trap '_cluster_copy_logs' EXIT
}

# cluster_pcs ARGS...: pcs as an administrator runs it, bounded (a pcs that
# waits for a cluster that never settles must not eat the lab's deadline).
cluster_pcs() { lab_run timeout "${CLUSTER_PCS_TIMEOUT:-600}" pcs "$@"; }
