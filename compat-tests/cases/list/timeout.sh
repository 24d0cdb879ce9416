# desc: -L --timeout shows the defaults; --set changes them (0 leaves one unchanged); -Ln --timeout works too
ipvsadm -L --timeout
echo "rc=$?"
ipvsadm --set 100 20 30
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 0 60 0
echo "rc=$?"
ipvsadm -Ln --timeout
echo "rc=$?"
