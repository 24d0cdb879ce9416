# desc: --set changes the three timeouts; 0 leaves a value unchanged (each position separately); -L --timeout after each
ipvsadm -L --timeout
ipvsadm --set 100 20 30
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 0 0 0
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 0 50 0
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 0 0 7
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 8 0 0
echo "rc=$?"
ipvsadm -L --timeout
