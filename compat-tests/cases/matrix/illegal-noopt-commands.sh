# desc: -C, -R, --set accept no options and -Z only a service
ipvsadm -A -t 10.0.0.100:80
ipvsadm -C -n
echo "rc=$?"
ipvsadm -C -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -R -n </dev/null
echo "rc=$?"
ipvsadm --set 1 2 3 -n
echo "rc=$?"
ipvsadm --set 1 2 3 -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Z -n
echo "rc=$?"
ipvsadm -Z -s rr
echo "rc=$?"
ipvsadm -Z --stats
echo "rc=$?"
ipvsadm -Ln
