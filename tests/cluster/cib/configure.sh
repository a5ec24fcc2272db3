# The cluster tier's configuration as an administrator types it: the pcs
# commands of the guide (docs/admin-guide.md, section 3), sourced by
# build-cib, whose pcs function runs them against a CIB file (pcs -f).
# Names and addresses are the scenario's (scenarios/failover.sh).
#
#   s1, s2   our services, one per node: each its own VG, filesystem, NFS
#            server (nfs-server: namespaces and daemons), export, floating
#            address (nfs-address, in the server's network namespace) and
#            notification; the state of each on its own filesystem.
#   rh       today's best shell stack, as Red Hat's HA NFS guide builds it
#            (LVM-activate, Filesystem, nfsserver with nfs_shared_infodir
#            and nfs_server_scope, exportfs with fsid, IPaddr2, nfsnotify);
#            created stopped, run when our services are stopped (nfsserver
#            owns the node's one NFS server: it starts and stops every
#            rpc.statd, sm-notify and nfsd on the node by name).
#   ctl      the control: today's stack without fsid on the node's NFS
#            server, which shows ESTALE; created stopped.

# The shell agents' operations: their 20 s timeouts are for real hardware;
# under TCG, with three VMs busy, IPaddr2's monitor alone has taken longer.
# Written out on each command, as the guide writes them.

pcs resource defaults update resource-stickiness=100
pcs stonith create fence-lab fence_lab results_dir=/run/lab-results \
  pcmk_host_list="node1 node2" pcmk_reboot_action=off

for i in 1 2; do
  s=s$i
  pcs resource create $s-vg ocf:hanfs:lvm-persistent vgname=vg$s vg_access_mode=system_id --group $s
  pcs resource create $s-fs ocf:heartbeat:Filesystem device=/dev/vg$s/data directory=/srv/$s fstype=ext4 \
    op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group $s
  pcs resource create $s-server ocf:hanfs:nfs-server name=$s state_dir=/srv/$s/.nfs ip=198.18.0.10$i --group $s
  pcs resource create $s-export ocf:hanfs:nfs-export-fsid service=$s directory=/srv/$s fsid=root \
    clientspec=198.18.0.0/24 options=rw,no_root_squash,sync,no_subtree_check op monitor interval=10s --group $s
  pcs resource create $s-ip ocf:hanfs:nfs-address service=$s ip=198.18.0.10$i cidr_netmask=24 nic=eth0 --group $s
  pcs resource create $s-notify ocf:hanfs:nfs-notify service=$s source_host=$s-svc --group $s
  pcs constraint location $s prefers node$i=50
done

pcs resource create rh-vg ocf:heartbeat:LVM-activate vgname=vgrh vg_access_mode=system_id \
  activation_mode=exclusive op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
pcs resource create rh-fs ocf:heartbeat:Filesystem device=/dev/vgrh/data directory=/srv/rh fstype=ext4 \
  op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
# No systemd in the lab VMs: nfs_init_script is a script doing what Debian's
# nfs-server.service and nfs-mountd.service do (guest/nfs-server-lab).
pcs resource create rh-server ocf:heartbeat:nfsserver nfs_shared_infodir=/srv/rh/.nfsinfo \
  nfs_server_scope=rh-svc nfs_init_script=/etc/init.d/nfs-server-lab op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
pcs resource create rh-export ocf:heartbeat:exportfs directory=/srv/rh fsid=0 clientspec=198.18.0.0/24 \
  options=rw,no_root_squash,sync,no_subtree_check op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
pcs resource create rh-ip ocf:heartbeat:IPaddr2 ip=198.18.0.103 cidr_netmask=24 op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
pcs resource create rh-notify ocf:heartbeat:nfsnotify source_host=rh-svc op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group rh
pcs constraint location rh prefers node1=50
pcs resource disable rh

# ocf:lab:exportfs: tools/exportfs-without-fsid. unlock_on_stop=1 as an
# administrator sets it (else the client's lock keeps the filesystem busy
# and the stop fails into fencing).
pcs resource create ctl-vg ocf:heartbeat:LVM-activate vgname=vgctl vg_access_mode=system_id \
  activation_mode=exclusive op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group ctl
pcs resource create ctl-fs ocf:heartbeat:Filesystem device=/dev/vgctl/data directory=/srv/ctl fstype=ext4 \
  op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group ctl
pcs resource create ctl-export ocf:lab:exportfs directory=/srv/ctl clientspec=198.18.0.0/24 \
  options=rw,no_root_squash,sync,no_subtree_check unlock_on_stop=1 op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group ctl
pcs resource create ctl-ip ocf:heartbeat:IPaddr2 ip=198.18.0.200 cidr_netmask=24 op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group ctl
pcs resource create ctl-notify ocf:heartbeat:nfsnotify source_host=nfs-control op start timeout=120s stop timeout=120s monitor interval=30s timeout=90s --group ctl
pcs constraint location ctl prefers node1=50
pcs resource disable ctl
