# desc: -v and --version print the version line, rc 0; trailing words ignored
# divergence: version
# normalize: s/ipvsadm-rs [0-9][^ ,]*/ipvsadm-rs VERSION/
ipvsadm -v
echo "rc=$?"
ipvsadm --version
echo "rc=$?"
ipvsadm -v -L foo
echo "rc=$?"
ipvsadm -vh
echo "rc=$?"
