# desc: -C prints nothing and succeeds on an empty and a full table; --clear works; timeouts are not reset
ipvsadm -C
echo "rc=$?"
ipvsadm --set 100 20 30
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -A -f 2 -6
ipvsadm -A -u [fd00::100]:53
ipvsadm -C
echo "rc=$?"
ipvsadm -Ln
ipvsadm -A -t 10.0.0.100:80
ipvsadm --clear
echo "rc=$?"
ipvsadm -L --timeout
