# desc: real-server host names resolve via /etc/hosts (rs2.example, localhost, rs6.example with -i), listed numerically
ipvsadm -A -t vip.example:http
ipvsadm -a -t vip.example:http -r rs2.example:http -m
echo "rc=$?"
ipvsadm -a -t vip.example:http -r localhost:8080 -m
echo "rc=$?"
ipvsadm -a -t vip.example:http -r rs6.example -i
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r client.example -g
echo "rc=$?"
ipvsadm -Ln
