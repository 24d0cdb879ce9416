# desc: without CAP_NET_ADMIN (a user namespace) nothing works, not even -h: the init message and rc 2, after one modprobe attempt
unshare -U true || echo "compat-env-failure: unshare -U does not work here" >&2
for args in "-Ln" "-h" "-A -t 10.0.0.1:80" "-nL" ""; do
    unshare -U ipvsadm $args
    echo "rc=$?"
done
