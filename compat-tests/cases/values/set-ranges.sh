# desc: --set values 0..2678400 each (0 leaves unchanged), strtol whole string; listed with --timeout
ipvsadm --set 2678401 1 1
echo "rc=$?"
ipvsadm --set 10 abc 30
echo "rc=$?"
ipvsadm --set 10 20 3x
echo "rc=$?"
ipvsadm --set 10 20 30
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 0 0 0
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 2678400 0 5
echo "rc=$?"
ipvsadm -L --timeout
