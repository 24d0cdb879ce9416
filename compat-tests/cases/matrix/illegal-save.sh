# desc: -S accepts only -n: service, nosort, stats, connection, exact, timeout are illegal with the save command
ipvsadm -A -t 10.0.0.100:80
ipvsadm -S -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Sn --nosort
echo "rc=$?"
ipvsadm -S --stats
echo "rc=$?"
ipvsadm -S -c
echo "rc=$?"
ipvsadm -S --exact
echo "rc=$?"
ipvsadm -S --timeout
echo "rc=$?"
ipvsadm -S -n -n
echo "rc=$?"
