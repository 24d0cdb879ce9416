# desc: -L --daemon with no sync daemon prints nothing, rc 0
ipvsadm -L --daemon
echo "rc=$?"
ipvsadm -Ln --daemon
echo "rc=$?"
