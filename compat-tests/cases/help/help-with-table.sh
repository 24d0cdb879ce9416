# desc: -h does not touch or list the table
# divergence: version
# normalize: s/ipvsadm-rs [0-9][^ ,]*/ipvsadm-rs VERSION/
ipvsadm -A -t 10.0.0.100:80
ipvsadm -h >/dev/null
echo "rc=$?"
ipvsadm -v
echo "rc=$?"
