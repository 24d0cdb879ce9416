# desc: -X is --exact only after the command; as first option it gives Try; repeated -X/--exact is a multiple option
ipvsadm -X
echo "rc=$?"
ipvsadm -L -X
echo "rc=$?"
ipvsadm -LX -n
echo "rc=$?"
ipvsadm -Ln --exact -X
echo "rc=$?"
