# desc: empty table: -Ln, -L, no arguments, -S, --timeout, --daemon (runner smoke test)
ipvsadm -Ln
echo "rc=$?"
ipvsadm
echo "rc=$?"
ipvsadm -S -n
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm -L --daemon
echo "rc=$?"
