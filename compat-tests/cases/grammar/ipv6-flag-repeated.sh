# desc: -6 is not an option bit: it may repeat after -f and is legal with -L after -f
ipvsadm -A -f 1 -6 -6
echo "rc=$?"
ipvsadm -A -f 2 -6 -s rr -6
echo "rc=$?"
ipvsadm -Ln -f 1 -6
echo "rc=$?"
ipvsadm -Ln -f 1
echo "rc=$?"
