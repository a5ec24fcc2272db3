// Export tables captured in the lab VM (Debian 12: nfs-utils 2.6.2, Linux 6.1)
// by exporting one directory to every kind of client spec, a directory with a
// space, a tab and a backslash in its name, and a UUID fsid.
#pragma once

// /var/lib/nfs/etab
inline const char* captured_etab = R"TXT(/srv/lab-nfs/fs2	127.0.0.2(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=200,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs2	127.0.0.3(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=200,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/back\134slash	127.0.0.1(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=104,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	::1(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/tab\011x	127.0.0.1(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=103,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/b	127.0.0.1(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=6b0f2e6a-1a9c-4d34-9b4e-1234567890ab,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/nonexistent/x	127.0.0.1(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=300,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	fd00::/64(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	10.0.0.0/255.0.0.0(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	198.18.0.0/24(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	host?.example.com(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	*.example.com(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	@netgrp(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/with\040space	*(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=102,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs	*(rw,sync,wdelay,hide,crossmnt,insecure,no_root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=0,anonuid=65534,anongid=65534,sec=sys,rw,insecure,no_root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	*(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/lab-nfs/fs1/a	gss/krb5(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=101,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
)TXT";

// /var/lib/nfs/etab after exportfs -ra of the exports file in the test
inline const char* captured_etab_from_exports = R"TXT(/srv/with\040space	10.0.0.0/8(rw,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=12,anonuid=65534,anongid=65534,sec=sys,rw,secure,root_squash,no_all_squash)
/srv/x	*.ex.com(ro,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,anonuid=65534,anongid=65534,sec=sys,ro,secure,root_squash,no_all_squash)
/srv/with\040space	@ng(ro,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,fsid=12,anonuid=65534,anongid=65534,sec=sys,ro,secure,root_squash,no_all_squash)
/srv/z	(ro,sync,wdelay,hide,nocrossmnt,secure,root_squash,no_all_squash,no_subtree_check,secure_locks,acl,no_pnfs,anonuid=65534,anongid=65534,sec=sys,ro,secure,root_squash,no_all_squash)
)TXT";

// /proc/net/rpc/nfsd.export/content after NFSv3 and v4.2 mounts
inline const char* captured_export_cache = R"TXT(#path domain(flags)
/srv/lab-nfs/fs1/a	*,127.0.0.1(rw,root_squash,sync,wdelay,no_subtree_check,fsid=101,sec=1)
/srv/lab-nfs	*,127.0.0.1(rw,insecure,no_root_squash,sync,wdelay,crossmnt,no_subtree_check,fsid=0,sec=1)
)TXT";

// /proc/fs/nfsd/exports at the same time
inline const char* captured_nfsd_exports = R"TXT(# Version 1.1
# Path Client(Flags) # IPs
/srv/lab-nfs/fs1/a	*,127.0.0.1(rw,root_squash,sync,wdelay,no_subtree_check,fsid=101,sec=1)
/srv/lab-nfs	*,127.0.0.1(rw,insecure,no_root_squash,sync,wdelay,crossmnt,no_subtree_check,fsid=0,sec=1)
)TXT";

// /proc/net/rpc/nfsd.export/content after exportfs -f
inline const char* captured_flushed_cache = R"TXT(#path domain(flags)
# /srv/lab-nfs/fs1/a	*,127.0.0.1(rw,root_squash,sync,wdelay,no_subtree_check,fsid=101,sec=1)
# /srv/lab-nfs	*,127.0.0.1(rw,insecure,no_root_squash,sync,wdelay,crossmnt,no_subtree_check,fsid=0,sec=1)
)TXT";
