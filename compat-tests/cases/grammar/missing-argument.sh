# desc: a mandatory argument missing at the end of argv is a popt error "<opt>: missing argument", rc 255
ipvsadm -A -t
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r
echo "rc=$?"
ipvsadm -A --tcp-service
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p 10 -M
echo "rc=$?"
ipvsadm -L -f
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --scheduler
echo "rc=$?"
