# desc: --set accepts no options: each option gives Illegal '<opt>' option with the 'set' command (matrix order decides which); timeouts unchanged
ipvsadm --set 10 20 30 -n
echo "rc=$?"
ipvsadm --set 10 20 30 -t 10.0.0.100:80
echo "rc=$?"
ipvsadm --set 10 20 30 -s rr
echo "rc=$?"
ipvsadm --set 10 20 30 --timeout
echo "rc=$?"
ipvsadm --set 10 20 30 -c
echo "rc=$?"
ipvsadm --set 10 20 30 --daemon
echo "rc=$?"
ipvsadm --set 10 20 30 --syncid 1
echo "rc=$?"
ipvsadm --set 10 20 30 --mcast-interface eth0
echo "rc=$?"
ipvsadm --set 10 20 30 --exact
echo "rc=$?"
ipvsadm --set 10 20 30 -p 5
echo "rc=$?"
ipvsadm --set 10 20 30 --tun-csum
echo "rc=$?"
ipvsadm --set 10 20 30 --sort
echo "rc=$?"
ipvsadm --set 10 20 30 --stats -n
echo "rc=$?"
ipvsadm -L --timeout
